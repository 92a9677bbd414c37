using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Features.Guide;
using Portal.Features.Workspaces;

namespace Portal.Data;

/// <summary>The portal's data. Its SQLite migrations are in <c>Data/Migrations</c>; see <see cref="PostgresPortalDbContext"/>.</summary>
public class PortalDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public PortalDbContext(DbContextOptions<PortalDbContext> options)
        : base(options)
    {
    }

    protected PortalDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();

    public DbSet<ReadingProgress> ReadingProgress => Set<ReadingProgress>();

    /// <summary>The keys that protect cookies and antiforgery tokens, here so that every node of a deployment shares them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}

/// <summary>
/// The same model on PostgreSQL. A type of its own because EF Core keeps one migration set per context type: this one's
/// are in <c>Data/Migrations/Postgres</c>, generated from the same model as SQLite's.
/// </summary>
public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options);
