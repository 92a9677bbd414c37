namespace Portal.Infrastructure;

/// <summary>One problem with one input field; the message is a resource key so each reader sees their language.</summary>
public sealed record FieldError(string Field, string MessageKey, params object[] Arguments);

/// <summary>Input that a service refused; nothing was saved.</summary>
public sealed class InputRejectedException(IReadOnlyList<FieldError> errors)
    : ArgumentException(string.Join("; ", errors.Select(e => $"{e.Field}: {e.MessageKey}")))
{
    public InputRejectedException(string field, string messageKey, params object[] arguments)
        : this([new FieldError(field, messageKey, arguments)])
    {
    }

    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>A save made on a stale copy: someone else saved first. Carries what is stored now.</summary>
public sealed class ConcurrencyConflictException<T>(T current)
    : InvalidOperationException("Someone else changed this item first; nothing was saved.")
{
    public T Current { get; } = current;
}
