using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Features.ModelLab.Storage;

/// <summary>
/// One of the lab's files in the database, one row per file (an upload is at most <see cref="ModelLabOptions.MaxUploadBytes"/>,
/// 64 MiB by default). <see cref="DatabaseLabFileStore"/> streams <see cref="Content"/> in and out; queries through EF
/// select the other columns only.
/// </summary>
public sealed class LabFile
{
    /// <summary>The table's name, which the store's SQL uses.</summary>
    public const string Table = "LabFile";

    public const int KeyMaxLength = 200;

    /// <summary>The file's <see cref="LabFileKeys">key</see>.</summary>
    public required string Key { get; set; }

    public required byte[] Content { get; set; }

    /// <summary>The bytes in <see cref="Content"/>, so that sizes add up without reading it.</summary>
    public long Length { get; set; }
}

internal sealed class LabFileConfiguration : IEntityTypeConfiguration<LabFile>
{
    public void Configure(EntityTypeBuilder<LabFile> builder)
    {
        builder.ToTable(LabFile.Table);
        builder.HasKey(f => f.Key);
        builder.Property(f => f.Key).HasMaxLength(LabFile.KeyMaxLength);
    }
}
