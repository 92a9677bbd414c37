namespace Portal.Infrastructure;

/// <summary>One problem with one input field; the message is a resource key so each reader sees their language.</summary>
public sealed record FieldError(string Field, string MessageKey, params object[] Arguments);

/// <summary>Input that a service refused; nothing was saved.</summary>
public sealed class InputRejectedException(IReadOnlyList<FieldError> errors)
    : ArgumentException(string.Join("; ", errors.Select(e => e.Arguments.Length == 0 ? $"{e.Field}: {e.MessageKey}" : $"{e.Field}: {e.MessageKey} ({string.Join(", ", e.Arguments)})")))
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

/// <summary>Collects every problem of one input, so the user sees them all at once, then refuses the input if any.</summary>
public sealed class InputChecks
{
    private readonly List<FieldError> errors = [];

    /// <summary>The trimmed text; an error when it is required and empty, or longer than <paramref name="maxLength"/>.</summary>
    public string Text(string field, string? value, int maxLength, bool required = false)
    {
        var text = (value ?? "").Trim();
        if (required && text.Length == 0)
        {
            errors.Add(new FieldError(field, "Validation.RequiredField"));
        }
        else if (text.Length > maxLength)
        {
            errors.Add(new FieldError(field, "Validation.TooLong", maxLength));
        }

        return text;
    }

    /// <summary>Adds an error unless <paramref name="condition"/> holds.</summary>
    public void Expect(bool condition, string field, string messageKey, params object[] arguments)
    {
        if (!condition)
        {
            errors.Add(new FieldError(field, messageKey, arguments));
        }
    }

    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            throw new InputRejectedException(errors);
        }
    }
}
