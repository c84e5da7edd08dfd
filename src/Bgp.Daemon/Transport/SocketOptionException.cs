using System.Net.Sockets;

namespace Bgp.Daemon.Transport;

/// <summary>A socket option (TCP MD5, GTSM) the kernel refused; the message names the option and the errno.</summary>
public sealed class SocketOptionException : SocketException
{
    public SocketOptionException(string option, int errno)
        : base(errno)
    {
        Option = option;
        Errno = errno;
    }

    /// <summary>The option as the kernel headers name it, e.g. "TCP_MD5SIG".</summary>
    public string Option { get; }
    public int Errno { get; }

    public override string Message => $"setsockopt {Option} failed: errno {Errno} ({base.Message})";
}
