namespace Portal;

/// <summary>Marker for the competitors tool's texts (Resources/CompetitorText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class CompetitorText;
