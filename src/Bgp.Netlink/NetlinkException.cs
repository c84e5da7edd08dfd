namespace Bgp.Netlink;

/// <summary>The socket itself failed (open, bind, send, a broken dump): not a per-route refusal.</summary>
public sealed class NetlinkException : Exception
{
    public NetlinkException(string operation, int error, string? kernelMessage = null)
        : base(operation + " failed: " + Errno.Name(error) + (kernelMessage is null ? "" : " (" + kernelMessage + ")"))
    {
        Error = error;
        KernelMessage = kernelMessage;
    }

    public NetlinkException() : this("netlink", 0) { }
    public NetlinkException(string message) : base(message) { }
    public NetlinkException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Positive errno.</summary>
    public int Error { get; }
    public string? KernelMessage { get; }
}
