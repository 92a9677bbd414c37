namespace Portal;

/// <summary>Marker for the portal's UI text in <c>Resources/UiStrings*.resx</c> (neutral = zh-CN, plus en).</summary>
public sealed class UiStrings;
