namespace Portal.Content;

/// <summary>Settings for rendering and loading the guide.</summary>
public sealed class ContentOptions
{
    /// <summary>Route under which the portal serves chapters; links between chapters become <c>{GuideRoute}/{slug}</c>.</summary>
    public string GuideRoute { get; set; } = "/guide";

    /// <summary>Route under which the portal serves files of the content root; relative image paths become <c>{ContentRoute}/{path}</c>.</summary>
    public string ContentRoute { get; set; } = "/content";

    /// <summary>Whether <see cref="ContentLibrary"/> watches the content root and reloads changed chapters.</summary>
    public bool WatchForChanges { get; set; } = true;

    /// <summary>How long the library waits after the last file change before reloading, so a burst of saves reloads once.</summary>
    public TimeSpan ReloadDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
