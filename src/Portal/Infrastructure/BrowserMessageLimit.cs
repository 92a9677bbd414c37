using Portal.Features.Kpis;

namespace Portal.Infrastructure;

/// <summary>
/// How large one message from the browser to a circuit may be. Blazor's default of 32 KB is far below the longest text a
/// box states, and a message over the limit closes the circuit and loses the paste. The limit stays bounded, since it is
/// how much one browser can make the server hold for a message.
/// </summary>
public static class BrowserMessageLimit
{
    /// <summary>The longest text a box takes (its <c>maxlength</c> and its service's check): the KPI measurements paste.</summary>
    public const int LongestText = KpiCsv.MaxPasteLength;

    /// <summary>JSON sends a control character as <c>\u0001</c>; most Chinese takes three bytes.</summary>
    public const int WorstBytesPerCharacter = 6;

    /// <summary>An input event carries the box's text twice: as the event's value and as the field value Blazor keeps in step.</summary>
    public const int CopiesPerEvent = 2;

    /// <summary>Room for the rest of the message: the event's description, a draft's scope and the page's other short boxes.</summary>
    public const int Envelope = 32 * 1024;

    public const long Bytes = (long)LongestText * WorstBytesPerCharacter * CopiesPerEvent + Envelope;
}
