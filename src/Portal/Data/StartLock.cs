using Npgsql;

namespace Portal.Data;

/// <summary>
/// Held while a node migrates and seeds the database. On PostgreSQL it is a session advisory lock on a connection of its
/// own, so that a second node blocks until the first is done, and a node that dies holding it releases it with its
/// connection. SQLite has one process by design and needs none.
/// </summary>
internal sealed class StartLock : IAsyncDisposable
{
    // Any fixed number, distinct from the write lock's.
    private const long Key = 0x506F7274616C02;

    private readonly NpgsqlConnection? connection;

    private StartLock(NpgsqlConnection? connection)
    {
        this.connection = connection;
    }

    public static async Task<StartLock> AcquireAsync(PortalDatabase database)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return new StartLock(null);
        }

        var connection = new NpgsqlConnection(database.ConnectionString);
        try
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection);
            // Migrating a fresh database takes seconds; waiting nodes wait as long as that takes.
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
            return new StartLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is null)
        {
            return;
        }

        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        await connection.DisposeAsync();
    }
}
