using Bgp.Fuzz;
using SharpFuzz;

// Modes: no argument = under afl-fuzz (SharpFuzz out-of-process: a crash of the target, even a stack
// overflow, is seen by the parent); --libfuzzer = under libfuzzer-dotnet; --replay FILE|DIR... = run
// inputs without a fuzzer (seed check, crash reproduction); --seeds CORPUS OUT LIMIT = write AFL seeds.
switch (args.Length > 0 ? args[0] : "")
{
    case "":
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            FuzzTarget.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    case "--libfuzzer":
        Fuzzer.LibFuzzer.Run(span => FuzzTarget.Run(span));
        return 0;
    case "--replay":
        return Replay.Run(args.AsSpan(1));
    case "--seeds" when args.Length == 4:
        Console.WriteLine($"wrote {SeedCorpus.Write(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture))} seeds to {args[2]}");
        return 0;
    default:
        Console.Error.WriteLine("usage: Bgp.Fuzz [--libfuzzer | --replay FILE|DIR... | --seeds CORPUS_DIR OUT_DIR LIMIT]");
        return 2;
}
