namespace Portal;

/// <summary>Marker for the KPI tracker's UI text in <c>Resources/KpiText*.resx</c> (neutral = zh-CN, plus en).</summary>
public sealed class KpiText;
