namespace Portal;

/// <summary>Marker for the model lab's texts (Resources/LabText*.resx).</summary>
public sealed class LabText;
