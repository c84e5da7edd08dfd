using Bgp.Protocol;

namespace Bgp.Rib;

/// <summary>
/// Re-running the decision for one destination and telling what changed: the state before an operation
/// is captured (best slot and its attributes, multipath members and theirs), the decision runs over the
/// candidates, and the two are compared. Attributes are interned, so "same attributes" is a test of the
/// interner ids. An id can name another set only after its set was forgotten and a new one interned; between
/// Capture and Finish the Loc-RIB only releases sets (the caller interned the new one before), so a captured
/// id still means the set it meant.
/// </summary>
public sealed partial class LocRib
{
    private PathCandidate[] _candidates = new PathCandidate[8];
    private int[] _candidateSlots = new int[8];
    private DecisionStep[] _lostAt = new DecisionStep[8];
    private int[] _multipath = new int[8];

    private int _capturedBest = -1;
    private int _capturedBestAttributes;
    private int[] _capturedMultipath = new int[8];
    private int[] _capturedMultipathAttributes = new int[8];
    private int _capturedMultipathCount;

    private void Capture(int d)
    {
        int best = _destinations[d].Best;
        _capturedBest = best;
        _capturedBestAttributes = best >= 0 ? _paths[best].AttributesId : 0;
        _capturedMultipathCount = 0;
        for (int p = _destinations[d].FirstPath; p >= 0; p = _paths[p].NextInDestination)
        {
            if ((_paths[p].Flags & PathFlags.Multipath) == 0) continue;
            if (_capturedMultipathCount == _capturedMultipath.Length)
            {
                Array.Resize(ref _capturedMultipath, _capturedMultipath.Length * 2);
                Array.Resize(ref _capturedMultipathAttributes, _capturedMultipath.Length);
            }
            _capturedMultipath[_capturedMultipathCount] = p;
            _capturedMultipathAttributes[_capturedMultipathCount++] = _paths[p].AttributesId;
        }
    }

    /// <summary>Loads the destination's candidates into the scratch arrays; returns how many.</summary>
    private int LoadCandidates(int d)
    {
        int n = 0;
        for (int p = _destinations[d].FirstPath; p >= 0; p = _paths[p].NextInDestination)
        {
            if (n == _candidates.Length)
            {
                int size = n * 2;
                Array.Resize(ref _candidates, size);
                Array.Resize(ref _candidateSlots, size);
                Array.Resize(ref _lostAt, size);
                Array.Resize(ref _multipath, size);
            }
            _candidates[n] = CandidateAt(p);
            _candidateSlots[n++] = p;
        }
        return n;
    }

    /// <summary>
    /// Re-decides destination <paramref name="d"/> (of <paramref name="prefix"/>) after a captured change, frees it
    /// when empty, and says what changed; the change carries d unless it was freed.
    /// </summary>
    private RibChange Finish(int d, in Prefix prefix)
    {
        int n = LoadCandidates(d);
        int best = -1;
        int multipathCount = 0;
        if (n > 0)
        {
            best = _decision.Select(_candidates.AsSpan(0, n), _lostAt, _multipath, out multipathCount);
            FullDecisions++;
        }
        // Stale (RFC 4724) is not the decision's to change: only Best and Multipath are recomputed.
        for (int i = 0; i < n; i++) _paths[_candidateSlots[i]].Flags &= PathFlags.Stale;
        int bestSlot = best >= 0 ? _candidateSlots[best] : -1;
        if (bestSlot >= 0) _paths[bestSlot].Flags |= PathFlags.Best;
        for (int k = 0; k < multipathCount; k++) _paths[_candidateSlots[_multipath[k]]].Flags |= PathFlags.Multipath;
        _destinations[d].Best = bestSlot;

        var kind = RibChangeKind.Unchanged;
        if (bestSlot != _capturedBest || (bestSlot >= 0 && _paths[bestSlot].AttributesId != _capturedBestAttributes))
            kind |= RibChangeKind.BestPath;
        if (MultipathDiffers(multipathCount)) kind |= RibChangeKind.Multipath;
        // One test of a field for the common case; only ADD-PATH "all" / "best N" export needs to hear of the rest.
        if (ReportCandidates) kind |= RibChangeKind.Candidates;

        // An empty destination stays indexed while an Adj-RIB-Out holds it: the withdrawal still to be sent
        // finds its sent state by this index (LocRib.Holds.cs); the last release removes it.
        if (n == 0 && _holds[d] == 0)
        {
            RemoveDestination(d);
            d = -1;
        }
        return new RibChange(prefix, kind, d);
    }

    private bool MultipathDiffers(int multipathCount)
    {
        if (multipathCount != _capturedMultipathCount) return true;
        for (int k = 0; k < multipathCount; k++)
        {
            int slot = _candidateSlots[_multipath[k]];
            bool found = false;
            for (int j = 0; j < _capturedMultipathCount && !found; j++)
                found = _capturedMultipath[j] == slot && _capturedMultipathAttributes[j] == _paths[slot].AttributesId;
            if (!found) return true;
        }
        return false;
    }
}
