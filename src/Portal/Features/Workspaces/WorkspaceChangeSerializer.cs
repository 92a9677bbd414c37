using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Features.Workspaces;

/// <summary>A <see cref="WorkspaceChange"/> as it travels between nodes: its <c>Changes</c> as JSON, with their type.</summary>
internal sealed record WireChange(Guid WorkspaceId, string Topic, string? ItemId, string ActorId, DateTimeOffset At, WireType? ChangesType, JsonElement? Changes);

/// <summary>A type of the portal by its full name, with the type arguments of a generic one (<c>ItemChanges`1</c> of <c>NoteView</c>).</summary>
internal sealed record WireType(string Name, IReadOnlyList<WireType> Arguments);

/// <summary>
/// Turns changes into data another node can read and back. Only the portal's own types travel: a name read from the
/// wire is looked up in the portal's assembly and nowhere else, so a message can never make a node load or build a
/// type of its choosing.
/// </summary>
internal static class WorkspaceChangeSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Training metrics can be NaN or infinite (a diverging loss).
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly Assembly Portal = typeof(WorkspaceChange).Assembly;

    /// <exception cref="InvalidOperationException">The changes are of a type that is not the portal's own.</exception>
    public static WireChange ToWire(WorkspaceChange change)
    {
        var changes = change.Changes;
        return new(
            change.WorkspaceId,
            change.Topic,
            change.ItemId,
            change.ActorId,
            change.At,
            changes is null ? null : Describe(changes.GetType()),
            changes is null ? null : JsonSerializer.SerializeToElement(changes, changes.GetType(), Options));
    }

    /// <exception cref="InvalidDataException">The changes name a type that is not the portal's own.</exception>
    public static WorkspaceChange FromWire(WireChange wire) =>
        new(wire.WorkspaceId, wire.Topic, wire.ItemId, wire.ActorId, wire.At)
        {
            Changes = wire is { ChangesType: { } type, Changes: { } json } ? json.Deserialize(Resolve(type), Options) : null,
        };

    private static WireType Describe(Type type)
    {
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (definition.Assembly != Portal || definition.FullName is not { } name || !IsPlainName(name))
        {
            throw new InvalidOperationException($"Changes of type {type} cannot travel between nodes: only the portal's own types can.");
        }

        return new WireType(name, [.. type.GenericTypeArguments.Select(Describe)]);
    }

    private static Type Resolve(WireType wire)
    {
        // A plain name only: Assembly.GetType would follow an assembly-qualified name or generic arguments to other assemblies.
        var type = IsPlainName(wire.Name) ? Portal.GetType(wire.Name, throwOnError: false) : null;
        if (type is null || type.Assembly != Portal || type.IsGenericTypeDefinition != wire.Arguments.Count > 0)
        {
            throw new InvalidDataException($"The changes name {wire.Name}, which is not a type of the portal.");
        }

        return wire.Arguments.Count == 0 ? type : type.MakeGenericType([.. wire.Arguments.Select(Resolve)]);
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '`' or '+');
}
