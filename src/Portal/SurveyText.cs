namespace Portal;

/// <summary>Marker for the survey tool's texts (Resources/SurveyText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class SurveyText;
