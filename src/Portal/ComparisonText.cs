namespace Portal;

/// <summary>Marker for the comparison matrix's texts (Resources/ComparisonText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class ComparisonText;
