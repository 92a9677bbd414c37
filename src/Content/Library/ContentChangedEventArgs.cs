namespace Portal.Content;

/// <summary>Tells subscribers that the library reloaded and which files changed.</summary>
/// <param name="version">The library's new <see cref="ContentLibrary.Version"/>.</param>
/// <param name="files">Changed, added or removed files, relative to the content root.</param>
public sealed class ContentChangedEventArgs(long version, IReadOnlyList<string> files) : EventArgs
{
    /// <summary>The library's version after the reload.</summary>
    public long Version { get; } = version;

    /// <summary>Changed, added or removed files, relative to the content root.</summary>
    public IReadOnlyList<string> Files { get; } = files;
}
