using System.Buffers.Binary;
using System.Text;

namespace Portal.ModelLab.Native;

/// <summary>
/// Marks one symbol-version requirement of an ELF64 shared library as weak (<c>VER_FLG_WEAK</c>), so the
/// dynamic loader accepts the library where that version is missing. Used for TorchSharp's
/// <c>libLibTorchSharp.so</c>, which asks for <c>GLIBCXX_3.4.32</c> only for a marker symbol no relocation
/// uses (see ARCHITECTURE.md, "TorchSharp on older glibc").
/// </summary>
public static class ElfVersionPatcher
{
    /// <summary>The weak flag of a <c>Vernaux</c> entry.</summary>
    public const ushort VersionFlagWeak = 0x2;

    private const uint SectionTypeVersionNeed = 0x6ffffffe;

    /// <summary>Finds the requirement named <paramref name="version"/> and returns its current flags and their file offset, or null.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a little-endian ELF64 file.</exception>
    public static (ushort Flags, long Offset)? FindRequirement(ReadOnlySpan<byte> elf, string version)
    {
        if (elf.Length < 64 || !elf[..4].SequenceEqual("\u007fELF"u8) || elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("Not a little-endian ELF64 file.");
        }

        var sectionTable = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]));
        var sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3a..]);
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3c..]);
        for (var i = 0; i < sectionCount; i++)
        {
            var header = elf.Slice(checked((int)(sectionTable + (i * sectionSize))), sectionSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != SectionTypeVersionNeed)
            {
                continue;
            }

            var needOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]));
            var needCount = BinaryPrimitives.ReadUInt32LittleEndian(header[0x2c..]);
            // sh_link of .gnu.version_r names the string table (.dynstr) its names point into.
            var strings = elf.Slice(checked((int)(sectionTable + (BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]) * sectionSize))), sectionSize);
            var stringsOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(strings[0x18..]));
            var need = needOffset;
            for (var n = 0; n < needCount; n++)
            {
                var auxCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[(need + 2)..]);
                var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 8)..]);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadString(elf, stringsOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 8)..]));
                    if (name == version)
                    {
                        return (BinaryPrimitives.ReadUInt16LittleEndian(elf[(aux + 4)..]), aux + 4);
                    }

                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 12)..]);
                }

                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 12)..]);
            }
        }

        return null;
    }

    /// <summary>Sets the weak flag on <paramref name="version"/> in the file; true when it changed the file.</summary>
    public static bool MarkWeak(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        if (FindRequirement(bytes, version) is not { } requirement || (requirement.Flags & VersionFlagWeak) != 0)
        {
            return false;
        }

        var flags = (ushort)(requirement.Flags | VersionFlagWeak);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = requirement.Offset;
        Span<byte> value = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(value, flags);
        file.Write(value);
        return true;
    }

    private static string ReadString(ReadOnlySpan<byte> elf, int offset)
    {
        var end = elf[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(elf.Slice(offset, end));
    }
}
