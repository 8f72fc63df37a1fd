using System.Threading.Channels;
using CmcmActors.Contracts;
using CmcmActors.Contracts.Families;
using CmcmActors.Contracts.Notices;
using CmcmActors.Contracts.Notifications;
using CmcmActors.Domain.Families;
using CmcmActors.Grains.Notices;
using CmcmActors.Grains.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CmcmActors.Host.MemberSpace;

/// <summary>
/// Sends the e-mail notices, away from the claim path: the publisher (<see cref="NoticePublisher"/>) only offers a claim's
/// change to a bounded queue and goes on, so sending can never slow or fail a claim. One loop reads the queue: for the
/// claim's member and the family's main affiliate, whoever asked for notices (<see cref="INoticeChoices"/>) and is not on
/// the page (<see cref="IMemberPresenceGrain"/>) gets an e-mail in his or her language. A failed send is tried again
/// later (<see cref="MailOptions.RetryDelay"/>, doubling, up to <see cref="MailOptions.MaxAttempts"/>), then given up and
/// logged. The queue is in memory: a host that stops or crashes loses the notices still waiting or waiting for a retry
/// (the decisions themselves are durable and on the page).
/// </summary>
public sealed partial class NoticeSender : BackgroundService
{
    private readonly Channel<object> _queue;
    private readonly IGrainFactory _grains;
    private readonly INoticeChoices _choices;
    private readonly PageWords _words;
    private readonly MailOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<NoticeSender> _logger;
    private long _sent;
    private long _away;
    private long _present;
    private long _dropped;

    public NoticeSender(IGrainFactory grains, INoticeChoices choices, PageWords words, IOptions<MailOptions> options, TimeProvider clock, ILogger<NoticeSender> logger)
    {
        _grains = grains;
        _choices = choices;
        _words = words;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>E-mails the SMTP server accepted.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Notices not sent because the member was on the page.</summary>
    public long SkippedOnThePage => Interlocked.Read(ref _present);

    /// <summary>Changes looked at (a claim's member and main affiliate each).</summary>
    public long Considered => Interlocked.Read(ref _away) + SkippedOnThePage;

    /// <summary>Offers a claim's change; never waits. Dropped (and counted) when the queue is full.</summary>
    public void Offer(ClaimStatusChanged change) => _queue.Writer.TryWrite(change);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
                {
                    LogDropped(_logger, dropped);
                }

                await (item switch
                {
                    ClaimStatusChanged change => NoticeAsync(change, stoppingToken),
                    PendingMail mail => SendAsync(mail, stoppingToken),
                    _ => Task.CompletedTask,
                });
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(_logger, e.GetType().Name);
            }
        }
    }

    private async Task NoticeAsync(ClaimStatusChanged change, CancellationToken cancellationToken)
    {
        var family = await _grains.GetGrain<IFamilyGrain>(GrainKeys.Family(change.FamilyId)).GetAsync();
        var recipients = new List<string> { change.MemberId };
        if (family?.Members.FirstOrDefault(m => m.Kind == MemberKind.MainAffiliate)?.MemberId is { } main && main != change.MemberId)
        {
            recipients.Add(main);
        }

        var invoice = change.ClaimId[(change.MemberId.Length + 1)..];
        foreach (var recipient in recipients)
        {
            if (await _choices.GetAsync(recipient, cancellationToken) is not { } choice || choice.FamilyId != change.FamilyId)
            {
                continue;
            }

            if (await _grains.GetGrain<IMemberPresenceGrain>(MemberPresence.Key(recipient)).IsPresentAsync())
            {
                Interlocked.Increment(ref _present);
                continue;
            }

            Interlocked.Increment(ref _away);
            var message = NoticeMail.Compose(_words, choice.Language, _options.From!, choice.Email, invoice, change.Status, _options.PageUrl!);
            await SendAsync(new PendingMail(message, 1), cancellationToken);
        }
    }

    private async Task SendAsync(PendingMail mail, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new SmtpClient { Timeout = 30_000 };
            await client.ConnectAsync(_options.Host!, _options.Port, _options.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
            if (!string.IsNullOrEmpty(_options.User))
            {
                await client.AuthenticateAsync(_options.User, _options.Password ?? "", cancellationToken);
            }

            await client.SendAsync(mail.Message, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            Interlocked.Increment(ref _sent);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The kind of failure only: an SMTP server's message may name the address, which is never logged.
            if (mail.Attempt >= _options.MaxAttempts)
            {
                LogGivenUp(_logger, mail.Attempt, e.GetType().Name);
                return;
            }

            LogRetry(_logger, mail.Attempt, e.GetType().Name);
            _ = RetryLaterAsync(mail with { Attempt = mail.Attempt + 1 }, cancellationToken);
        }
    }

    private async Task RetryLaterAsync(PendingMail mail, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_options.RetryDelay * Math.Pow(2, mail.Attempt - 2), _clock, cancellationToken);
            _queue.Writer.TryWrite(mail);
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: the retry is lost with the queue.
        }
    }

    private sealed record PendingMail(MimeMessage Message, int Attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notices: {Count} notices were dropped, the queue was full")]
    private static partial void LogDropped(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notices: a notice failed ({Failure})")]
    private static partial void LogFailed(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notices: sending failed (try {Attempt}, {Failure}), tried again later")]
    private static partial void LogRetry(ILogger logger, int attempt, string failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notices: an e-mail was given up after {Attempt} tries ({Failure})")]
    private static partial void LogGivenUp(ILogger logger, int attempt, string failure);
}

/// <summary>The grains' publisher with the notices beside it: every change goes on as before, a claim's decision is also offered to <see cref="NoticeSender"/>.</summary>
public sealed class NoticePublisher(INotificationPublisher inner, NoticeSender notices) : INotificationPublisher, IAsyncDisposable
{
    public ValueTask PublishAsync(CmcmEvent notification)
    {
        if (notification is ClaimStatusChanged change && NoticeMail.IsNoticed(change.Status))
        {
            notices.Offer(change);
        }

        return inner.PublishAsync(notification);
    }

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}
