using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Data;

public static class WriteLock
{
    // Any fixed number: every node takes the same advisory lock, and nothing else in the database uses it.
    private const long PostgresWriteLockKey = 0x506F7274616C01;

    /// <summary>
    /// A transaction that holds the database's write lock from its start, so that a check and the write that depends on
    /// it (a limit on how many items, the next free position) are not interleaved with another writer's, on any node.
    /// On SQLite that is BEGIN IMMEDIATE, which EF Core's SQLite provider issues for an explicit transaction; on
    /// PostgreSQL a transaction-scoped advisory lock that every writer through here takes.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginWriteLockAsync(this PortalDbContext db, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgresWriteLockKey})", cancellationToken);
        }

        return transaction;
    }
}
