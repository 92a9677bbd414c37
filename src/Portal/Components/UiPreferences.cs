namespace Portal.Components;

/// <summary>The reader's look, cascaded from the request to every page.</summary>
public sealed record UiPreferences(bool DarkMode);
