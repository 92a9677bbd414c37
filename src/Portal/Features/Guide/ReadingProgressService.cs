using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.Guide;

public sealed record ChapterProgress(string Slug, double Fraction, double LastPosition, bool Completed, DateTimeOffset UpdatedAt);

/// <summary>Saves and reads each reader's progress through the guide; only ever the caller's own rows.</summary>
public sealed class ReadingProgressService(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>A reader who scrolled this far has read the chapter.</summary>
    public const double CompletedAt = 0.98;

    public async Task SaveAsync(string userId, string slug, double position, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        if (string.IsNullOrEmpty(slug) || slug.Length > ReadingProgress.SlugMaxLength)
        {
            throw new ArgumentException("A chapter slug of 1 to 80 characters is required.", nameof(slug));
        }

        position = double.IsFinite(position) ? Math.Clamp(position, 0, 1) : 0;
        var now = clock.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ReadingProgress.FindAsync([userId, slug], cancellationToken);
        if (row is null)
        {
            row = new ReadingProgress { UserId = userId, Slug = slug };
            db.ReadingProgress.Add(row);
        }

        row.LastPosition = position;
        row.Fraction = Math.Max(row.Fraction, position);
        if (row.Fraction >= CompletedAt)
        {
            row.CompletedAt ??= now;
        }

        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, ChapterProgress>> GetForUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ReadingProgress.AsNoTracking().Where(p => p.UserId == userId).ToListAsync(cancellationToken);
        return rows.ToDictionary(p => p.Slug, ToRecord);
    }

    /// <summary>The chapter the reader touched last and has not finished, if any.</summary>
    public async Task<ChapterProgress?> GetLastUnfinishedAsync(string userId, CancellationToken cancellationToken = default)
    {
        var all = await GetForUserAsync(userId, cancellationToken);
        return all.Values.Where(p => !p.Completed).OrderByDescending(p => p.UpdatedAt).FirstOrDefault();
    }

    /// <summary>Chapters read to the end by each of the given users (callers pass only people they may see).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountCompletedAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ReadingProgress.AsNoTracking()
            .Where(p => userIds.Contains(p.UserId) && p.CompletedAt != null)
            .GroupBy(p => p.UserId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
    }

    private static ChapterProgress ToRecord(ReadingProgress row) =>
        new(row.Slug, row.Fraction, row.LastPosition, row.CompletedAt is not null, row.UpdatedAt);
}
