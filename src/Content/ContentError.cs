namespace Portal.Content;

/// <summary>A problem found in the guide's content, pointing at the file and line that cause it.</summary>
/// <param name="File">Path of the file relative to the content root, with forward slashes (e.g. <c>guide/en/04-business-model.md</c>).</param>
/// <param name="Line">1-based line number in that file.</param>
/// <param name="Message">What is wrong, in words an author can act on.</param>
public sealed record ContentError(string File, int Line, string Message)
{
    /// <summary>Formats the error as <c>file:line: message</c>, the shape compilers and CI logs use.</summary>
    public override string ToString() => $"{File}:{Line}: {Message}";
}
