namespace Portal;

/// <summary>Marker for the technology decisions' texts (Resources/DecisionText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class DecisionText;
