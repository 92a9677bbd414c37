using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.Competitors;

namespace Portal.Tests.Competitors;

/// <summary>Companies put straight into the database: the matrix reads the competitors tool's rows and never writes them.</summary>
internal static class ComparisonSamples
{
    /// <summary>Adds the companies in this column order, the first one the team's own when <paramref name="ownFirst"/>; returns their ids.</summary>
    public static async Task<IReadOnlyList<Guid>> CompaniesAsync(IServiceProvider services, Guid workspaceId, bool ownFirst, params string[] names)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var position = await db.Set<Competitor>().CountAsync(c => c.WorkspaceId == workspaceId);
        var companies = names.Select((name, i) => new Competitor
        {
            WorkspaceId = workspaceId,
            Name = name,
            IsOwnCompany = ownFirst && i == 0,
            Position = position + i,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.AddRange(companies);
        await db.SaveChangesAsync();
        return [.. companies.Select(c => c.Id)];
    }

    public static async Task DeleteCompanyAsync(IServiceProvider services, Guid companyId)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.Set<Competitor>().Where(c => c.Id == companyId).ExecuteDeleteAsync();
    }
}
