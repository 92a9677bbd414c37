using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>
/// A workspace's acquisition channels with their budgets, reach and conversion, from which each channel's customer
/// acquisition cost is computed (<see cref="ChannelEconomics"/>). The canvas's Channels notes are the starting list.
/// Every change is checked, demanded by role, refused when stale, logged and announced on <see cref="MarketTopics.Customers"/>.
/// </summary>
public sealed class ChannelService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string NoChannelKey = "Market.Error.NoChannel";

    /// <summary>The workspace's channels in their order; null for someone who may not read it.</summary>
    public async Task<IReadOnlyList<ChannelView>?> ListAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var channels = await db.Set<MarketChannel>().AsNoTracking().Where(c => c.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return [.. channels.OrderBy(c => c.Position).ThenBy(c => c.CreatedAt).Select(ChannelView.Of)];
    }

    /// <summary>The canvas's Channels notes, each of which may start one channel; null for someone who may not read the workspace.</summary>
    public async Task<IReadOnlyList<MarketCanvasNote>?> CanvasNotesAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        return await db.Set<CanvasNote>().AsNoTracking()
            .Where(n => n.WorkspaceId == workspaceId && n.Block == CanvasBlock.Channels && n.DeletedAt == null)
            .OrderBy(n => n.Position)
            .Select(n => new MarketCanvasNote(n.Id, n.Text))
            .ToListAsync(cancellationToken);
    }

    public async Task<ChannelView> CreateAsync(string userId, Guid workspaceId, ChannelInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        // Under the lock: the limit, and a note that starts one channel only, hold against two clicks at once.
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        var clean = await CheckAsync(db, workspaceId, input, null, cancellationToken);
        var positions = await db.Set<MarketChannel>().Where(c => c.WorkspaceId == workspaceId).Select(c => c.Position).ToListAsync(cancellationToken);
        if (positions.Count >= MarketChannel.MaxPerWorkspace)
        {
            throw new InputRejectedException(nameof(input.Name), "Market.Error.TooManyChannels", MarketChannel.MaxPerWorkspace);
        }

        var now = clock.GetUtcNow();
        var channel = new MarketChannel
        {
            WorkspaceId = workspaceId,
            Name = clean.Name,
            Position = positions.Count == 0 ? 0 : positions.Max() + 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Set(channel, clean);
        db.Add(channel);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "market.channel", channel.Name, PersonaService.Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        return await PublishAsync(channel, userId, now);
    }

    /// <summary>Saves the channel, unless someone changed it since <paramref name="expectedVersion"/>.</summary>
    public async Task<ChannelView> UpdateAsync(string userId, Guid workspaceId, Guid channelId, ChannelInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var channel = await FindAsync(db, workspaceId, channelId, cancellationToken);
        if (channel.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<ChannelView>(ChannelView.Of(channel));
        }

        Set(channel, await CheckAsync(db, workspaceId, input, channelId, cancellationToken));
        var now = clock.GetUtcNow();
        channel.Version = Guid.NewGuid();
        channel.UpdatedAt = now;
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "market.channel", channel.Name, PersonaService.Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<ChannelView>(ChannelView.Of(await FindAsync(fresh, workspaceId, channelId, cancellationToken)));
        }

        return await PublishAsync(channel, userId, now);
    }

    public async Task DeleteAsync(string userId, Guid workspaceId, Guid channelId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var channel = await FindAsync(db, workspaceId, channelId, cancellationToken);
        var now = clock.GetUtcNow();
        db.Remove(channel);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "market.channel.deleted", channel.Name, PersonaService.Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, MarketTopics.Customers, channelId.ToString(), userId, now) { Changes = new ItemChanges<ChannelView>([], [channelId]) });
    }

    private static void Set(MarketChannel channel, ChannelInput clean)
    {
        channel.Name = clean.Name;
        channel.Reach = clean.Reach;
        channel.Kind = clean.Kind;
        channel.MonthlyBudget = clean.MonthlyBudget;
        channel.MonthlyReach = clean.MonthlyReach;
        channel.ConversionPercent = clean.ConversionPercent;
        channel.CanvasNoteId = clean.CanvasNoteId;
    }

    /// <param name="channelId">The channel being changed, whose own note is not "taken"; null for a new one.</param>
    private static async Task<ChannelInput> CheckAsync(PortalDbContext db, Guid workspaceId, ChannelInput input, Guid? channelId, CancellationToken cancellationToken)
    {
        var notes = await db.Set<CanvasNote>()
            .Where(n => n.WorkspaceId == workspaceId && n.Block == CanvasBlock.Channels && n.DeletedAt == null)
            .Select(n => n.Id).ToListAsync(cancellationToken);
        var taken = await db.Set<MarketChannel>()
            .Where(c => c.WorkspaceId == workspaceId && c.CanvasNoteId != null && c.Id != channelId)
            .Select(c => c.CanvasNoteId!.Value).ToListAsync(cancellationToken);
        return MarketChecks.Channel(input, notes.ToHashSet(), taken.ToHashSet());
    }

    private static async Task<MarketChannel> FindAsync(PortalDbContext db, Guid workspaceId, Guid channelId, CancellationToken cancellationToken) =>
        await db.Set<MarketChannel>().SingleOrDefaultAsync(c => c.Id == channelId && c.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Channel", NoChannelKey);

    private async Task<ChannelView> PublishAsync(MarketChannel channel, string userId, DateTimeOffset at)
    {
        var view = ChannelView.Of(channel);
        await events.PublishAsync(new WorkspaceChange(channel.WorkspaceId, MarketTopics.Customers, channel.Id.ToString(), userId, at) { Changes = ItemChanges.Of(view) });
        return view;
    }
}
