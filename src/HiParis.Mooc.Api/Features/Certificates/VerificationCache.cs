using Microsoft.Extensions.Caching.Memory;

namespace HiParis.Mooc.Api.Features.Certificates;

/// <summary>
/// The verified certificates an instance keeps (ADR 28). Every change of a certificate row is announced on
/// PostgreSQL's <see cref="Channel"/> by a trigger, delivered at its commit, and every instance listens
/// (<see cref="CertificateChangeListener"/>): while it listens, an entry is kept
/// <c>Certificates:VerificationCacheSecondsWhenListening</c> (default 300); while it does not (starting,
/// or its connection lost), <c>Certificates:VerificationCacheSeconds</c> (default 5), and losing the
/// connection drops every entry, since a notice may have been missed. <c>Certificates:VerificationCacheSeconds</c>
/// at 0 turns the cache off.
/// <para>A read that races a change never keeps what it read before the change: every forget counts, a read
/// keeps its row only if no forget happened since it began, and checks again after keeping it.</para>
/// </summary>
public sealed class VerificationCache(IMemoryCache cache, IConfiguration configuration)
{
    public const string Channel = "certificate_changes";

    private readonly TimeSpan _short = TimeSpan.FromSeconds(configuration.GetValue("Certificates:VerificationCacheSeconds", 5.0));
    private readonly TimeSpan _long = TimeSpan.FromSeconds(configuration.GetValue("Certificates:VerificationCacheSecondsWhenListening", 300.0));
    private long _forgets;
    private long _generation;
    private volatile bool _isListening;

    public bool Enabled => _short > TimeSpan.Zero;

    /// <summary>Whether this instance hears of other instances' changes now.</summary>
    public bool IsListening => _isListening;

    /// <summary>How long a row read now may be kept.</summary>
    public TimeSpan Hold => IsListening ? _long : _short;

    /// <summary>A mark taken before a read, for <see cref="Keep"/>.</summary>
    public long Mark() => Interlocked.Read(ref _forgets);

    internal bool TryGet(string code, out CertificateRow? row) => cache.TryGetValue(Key(code), out row);

    /// <summary>Keeps a row read since <paramref name="mark"/>, unless a change was forgotten meanwhile.</summary>
    internal void Keep(string code, CertificateRow row, long mark)
    {
        var hold = Hold;
        if (!Enabled || hold <= TimeSpan.Zero || Mark() != mark)
        {
            return;
        }

        var key = Key(code);
        cache.Set(key, row, hold);
        if (Mark() != mark)
        {
            cache.Remove(key);
        }
    }

    /// <summary>Drops a certificate after a change of its state (here, or announced by another instance).</summary>
    public void Forget(string code)
    {
        Interlocked.Increment(ref _forgets);
        cache.Remove(Key(code));
    }

    /// <summary>
    /// The listener's state. Listening keeps entries long, but not those read before it began (a change may
    /// have been announced before it listened); not listening any more drops them all.
    /// </summary>
    internal void Listening(bool listening)
    {
        // Counted first: a read that took its mark before this change of state can no longer keep its row.
        Interlocked.Increment(ref _forgets);
        if (!listening)
        {
            Interlocked.Increment(ref _generation);
        }

        _isListening = listening;
    }

    private (string, long, string) Key(string code) => ("certificate", Interlocked.Read(ref _generation), code);
}
