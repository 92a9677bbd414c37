namespace Portal;

/// <summary>Marker for the positioning maps' texts (Resources/PositioningText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class PositioningText;
