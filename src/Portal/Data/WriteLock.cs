using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Data;

public static class WriteLock
{
    /// <summary>
    /// A transaction that holds the database's write lock from its start (SQLite's BEGIN IMMEDIATE, which EF Core's
    /// SQLite provider issues for an explicit transaction), so that a check and the write that depends on it (a limit
    /// on how many items, the next free position) are not interleaved with another writer's. A PostgreSQL deployment
    /// needs a serializable transaction or an advisory lock here instead.
    /// </summary>
    public static Task<IDbContextTransaction> BeginWriteLockAsync(this PortalDbContext db, CancellationToken cancellationToken) =>
        db.Database.BeginTransactionAsync(cancellationToken);
}
