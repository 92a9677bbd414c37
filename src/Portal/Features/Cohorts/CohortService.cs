using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Infrastructure;

namespace Portal.Features.Cohorts;

public sealed record CohortInput(string Name, DateOnly StartsOn, DateOnly EndsOn, IReadOnlyList<string> MoreInstructorEmails);

public sealed record CohortSummary(Guid Id, string Name, DateOnly StartsOn, DateOnly EndsOn, string JoinCode, int TeamCount);

/// <summary>Cohorts belong to their instructors: only they see a cohort, its join code and its teams.</summary>
public sealed class CohortService(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider clock)
{
    // No 0/O or 1/I: codes are read aloud and typed from a projector.
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task<CohortSummary> CreateAsync(string instructorId, CohortInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await DemandInstructorAsync(db, instructorId, cancellationToken);
        var checks = new InputChecks();
        var name = checks.Text(nameof(input.Name), input.Name, Cohort.NameMaxLength, required: true);
        checks.Expect(input.EndsOn >= input.StartsOn, nameof(input.EndsOn), "Cohort.Error.EndsBeforeStart");

        var instructorIds = new List<string> { instructorId };
        foreach (var email in input.MoreInstructorEmails.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var normalized = email.ToUpperInvariant();
            var other = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).SingleOrDefaultAsync(cancellationToken);
            var isInstructor = other is not null && await IsInstructorAsync(db, other, cancellationToken);
            checks.Expect(isInstructor, "MoreInstructorEmails", "Cohort.Error.NotAnInstructor", email);
            if (isInstructor && !instructorIds.Contains(other!))
            {
                instructorIds.Add(other!);
            }
        }

        checks.ThrowIfAny();
        var cohort = new Cohort
        {
            Name = name,
            StartsOn = input.StartsOn,
            EndsOn = input.EndsOn,
            JoinCode = await UniqueCodeAsync(db, cancellationToken),
            CreatedAt = clock.GetUtcNow(),
        };
        cohort.Instructors.AddRange(instructorIds.Select(id => new CohortInstructor { UserId = id }));
        db.Add(cohort);
        await db.SaveChangesAsync(cancellationToken);
        return new CohortSummary(cohort.Id, cohort.Name, cohort.StartsOn, cohort.EndsOn, cohort.JoinCode, 0);
    }

    public async Task<IReadOnlyList<CohortSummary>> ListForInstructorAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Cohort>().AsNoTracking()
            .Where(c => c.Instructors.Any(i => i.UserId == userId))
            .OrderByDescending(c => c.StartsOn)
            .Select(c => new CohortSummary(c.Id, c.Name, c.StartsOn, c.EndsOn, c.JoinCode, db.Workspaces.Count(w => w.CohortId == c.Id)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>True when the user instructs this cohort; everyone else is treated as if it did not exist.</summary>
    public async Task<bool> IsInstructorOfAsync(string? userId, Guid cohortId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return false;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // The role as it is now, not as the sign-in cookie remembers it: a revoked instructor sees nothing more.
        return await db.Set<CohortInstructor>().AnyAsync(i => i.CohortId == cohortId && i.UserId == userId, cancellationToken)
            && await IsInstructorAsync(db, userId, cancellationToken);
    }

    private static async Task<bool> IsInstructorAsync(PortalDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.UserRoles.AnyAsync(
            ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == PortalRoles.Instructor),
            cancellationToken);

    private static async Task DemandInstructorAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        if (!await IsInstructorAsync(db, userId, cancellationToken))
        {
            throw new CohortAccessDeniedException();
        }
    }

    private static async Task<string> UniqueCodeAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        while (true)
        {
            var code = RandomNumberGenerator.GetString(CodeAlphabet, Cohort.JoinCodeLength);
            if (!await db.Set<Cohort>().AnyAsync(c => c.JoinCode == code, cancellationToken))
            {
                return code;
            }
        }
    }
}

/// <summary>Only instructors run cohorts.</summary>
public sealed class CohortAccessDeniedException() : InvalidOperationException("Only instructors can do this.");
