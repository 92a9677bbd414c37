using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Data;

namespace Portal.Features.ModelLab.Storage;

/// <summary>
/// The lab's files as rows of <see cref="LabFile"/> in the portal's database, which every node of a deployment reads.
/// Content is streamed, never held whole in memory: PostgreSQL (Npgsql) takes a stream as the parameter and gives one
/// back under sequential access; SQLite writes into a zero-filled blob of the right length and reads through the row's
/// blob handle.
/// </summary>
public sealed class DatabaseLabFileStore(IDbContextFactory<PortalDbContext> contextFactory) : ILabFileStore
{
    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        LabFileKeys.Checked(key);
        // The row's length goes in with it, and SQLite sizes the blob before writing it.
        await using var buffered = content.CanSeek ? null : await BufferAsync(content, cancellationToken);
        var seekable = buffered ?? content;
        var length = seekable.Length - seekable.Position;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var command = Command(db, transaction);
        Add(command, "@key", key);
        Add(command, "@length", length);
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            command.CommandText = Upsert("zeroblob(@length)") + " RETURNING rowid";
            var rowId = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            await using var blob = new SqliteBlob(sqlite, LabFile.Table, nameof(LabFile.Content), rowId);
            await seekable.CopyToAsync(blob, cancellationToken);
        }
        else
        {
            command.CommandText = Upsert("@content");
            Add(command, "@content", seekable);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> CopyToAsync(string key, Stream destination, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = Command(db, transaction: null);
        // With the row id SQLite hands out a blob handle that reads as it goes, rather than the whole value.
        var columns = db.Database.GetDbConnection() is SqliteConnection ? "rowid, \"Content\"" : "\"Content\"";
        command.CommandText = $"SELECT {columns} FROM \"{LabFile.Table}\" WHERE \"Key\" = @key";
        Add(command, "@key", LabFileKeys.Checked(key));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        await using var content = reader.GetStream(reader.FieldCount - 1);
        await content.CopyToAsync(destination, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default)
    {
        var prefix = LabFileKeys.Checked(folder) + "/";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.Set<LabFile>().Where(f => f.Key.StartsWith(prefix)).Select(f => f.Key).ToListAsync(cancellationToken);
        return [.. keys.Order(StringComparer.Ordinal)];
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var prefix = LabFileKeys.Checked(key) + "/";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Set<LabFile>().Where(f => f.Key == key || f.Key.StartsWith(prefix)).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<long> SizeAsync(string folder, CancellationToken cancellationToken = default)
    {
        var prefix = LabFileKeys.Checked(folder) + "/";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<LabFile>().Where(f => f.Key.StartsWith(prefix)).SumAsync(f => f.Length, cancellationToken);
    }

    /// <summary>Inserts or replaces the row of <c>@key</c>, its content given by <paramref name="content"/>.</summary>
    private static string Upsert(string content) => $"""
        INSERT INTO "{LabFile.Table}" ("Key", "Content", "Length") VALUES (@key, {content}, @length)
        ON CONFLICT ("Key") DO UPDATE SET "Content" = excluded."Content", "Length" = excluded."Length"
        """;

    private static DbCommand Command(PortalDbContext db, IDbContextTransaction? transaction)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction?.GetDbTransaction();
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<MemoryStream> BufferAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return buffer;
    }
}
