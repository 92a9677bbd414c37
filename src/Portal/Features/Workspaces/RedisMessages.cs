using System.Text.Json.Serialization;

namespace Portal.Features.Workspaces;

// What the nodes of a scale-out deployment tell each other on their one Redis channel, as JSON with a "kind".

[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ChangeMessage), "change")]
[JsonDerivedType(typeof(UserMessage), "user")]
[JsonDerivedType(typeof(PresenceMessage), "presence")]
[JsonDerivedType(typeof(ResyncMessage), "resync")]
internal abstract record BusMessage(string Node);

internal sealed record ChangeMessage(string Node, WireChange Change) : BusMessage(Node);

internal sealed record UserMessage(string Node, string UserId, string Topic) : BusMessage(Node);

internal sealed record PresenceMessage(string Node, Guid Entry, PresentViewer Present, bool Entered, DateTimeOffset At) : BusMessage(Node);

/// <summary>Its sender's pages reload when it reads this back; with <paramref name="EveryNode"/> every node's do, as a message of the sender's was lost.</summary>
internal sealed record ResyncMessage(string Node, bool EveryNode) : BusMessage(Node);
