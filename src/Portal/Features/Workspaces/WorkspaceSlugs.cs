using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Infrastructure;

namespace Portal.Features.Workspaces;

/// <summary>
/// The URL part of a workspace (<c>/w/{slug}</c>): suggested from the name, editable by its creator, unique.
/// Names without enough Latin letters or digits (Chinese ones) get a <c>team-</c> suggestion the creator can edit.
/// </summary>
public sealed class WorkspaceSlugs(IDbContextFactory<PortalDbContext> contextFactory)
{
    public const int MinLength = 3;
    public const int MaxLength = 40;

    /// <summary>A free slug for <paramref name="name"/>; <paramref name="fallback"/> when the name gives too little.</summary>
    public async Task<string> SuggestAsync(string name, string fallback, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await FreeVariantAsync(db, FromName(name) ?? fallback, cancellationToken);
    }

    /// <summary>A random <c>team-</c> slug, for names that give none of their own.</summary>
    public static string RandomFallback() => "team-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>The resource key of what is wrong with <paramref name="slug"/>, or null when it is well formed.</summary>
    public static string? Problem(string? slug)
    {
        if (string.IsNullOrEmpty(slug))
        {
            return "Validation.RequiredField";
        }

        if (slug.Length is < MinLength or > MaxLength)
        {
            return "Workspace.Error.SlugLength";
        }

        var wellFormed = slug.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')
            && slug[0] != '-' && slug[^1] != '-' && !slug.Contains("--", StringComparison.Ordinal);
        return wellFormed ? null : "Workspace.Error.SlugCharacters";
    }

    /// <summary>
    /// The slug a new workspace gets: the creator's choice exactly (refused with a message when malformed or taken),
    /// or without one a free variant of the name's suggestion.
    /// </summary>
    internal static async Task<string> ClaimAsync(PortalDbContext db, string? requested, string name, CancellationToken cancellationToken)
    {
        if (requested is null)
        {
            return await FreeVariantAsync(db, FromName(name) ?? RandomFallback(), cancellationToken);
        }

        var slug = requested.Trim().ToLowerInvariant();
        if (Problem(slug) is { } problem)
        {
            throw new InputRejectedException("Slug", problem, MinLength, MaxLength);
        }

        if (await db.Workspaces.AnyAsync(w => w.Slug == slug, cancellationToken))
        {
            throw new InputRejectedException("Slug", "Workspace.Error.SlugTaken", slug);
        }

        return slug;
    }

    /// <summary>Lower-case ASCII letters, digits and single dashes from the name; null when fewer than three remain.</summary>
    internal static string? FromName(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength].TrimEnd('-');
        }

        return slug.Length >= MinLength ? slug : null;
    }

    private static async Task<string> FreeVariantAsync(PortalDbContext db, string baseSlug, CancellationToken cancellationToken)
    {
        // Room for the "-N" so that a variant stays within the length limit.
        var stem = baseSlug.Length > MaxLength - 4 ? baseSlug[..(MaxLength - 4)].TrimEnd('-') : baseSlug;
        var taken = (await db.Workspaces.Where(w => w.Slug.StartsWith(stem)).Select(w => w.Slug).ToListAsync(cancellationToken)).ToHashSet();
        if (!taken.Contains(baseSlug))
        {
            return baseSlug;
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{stem}-{n}";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
