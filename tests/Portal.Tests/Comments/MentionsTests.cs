using Portal.Features.Comments;

namespace Portal.Tests.Comments;

public sealed class MentionsTests
{
    private static readonly Mentionable[] People =
    [
        new("1", "Bo Founder"), new("2", "Ada Founder"), new("3", "Robert Bolt"), new("4", "张伟"), new("5", "王小明"),
    ];

    [Theory]
    [InlineData("bo", new[] { "Bo Founder", "Robert Bolt" })]
    [InlineData("BO F", new[] { "Bo Founder" })]
    [InlineData("found", new[] { "Ada Founder", "Bo Founder" })]
    [InlineData("ber", new[] { "Robert Bolt" })]
    [InlineData("张", new[] { "张伟" })]
    [InlineData("小明", new[] { "王小明" })]
    [InlineData("Bo Founder ", new string[0])]
    [InlineData("zed", new string[0])]
    public void Suggestions_match_any_part_of_a_name_ignoring_case_names_that_start_with_it_first(string query, string[] expected)
    {
        Assert.Equal(expected, Mentions.Suggest(People, query).Select(p => p.DisplayName));
    }

    [Fact]
    public void A_bare_at_sign_lists_everyone_up_to_the_limit()
    {
        var many = Enumerable.Range(1, 10).Select(i => new Mentionable($"{i}", $"Member {i:00}")).ToList();

        Assert.Equal(Mentions.MaxSuggestions, Mentions.Suggest(many, "").Count);
        Assert.Equal(People.Length, Mentions.Suggest(People, "").Count);
    }

    [Fact]
    public void A_chosen_suggestion_is_written_as_the_full_name_which_counts_as_a_mention()
    {
        var text = Mentions.Text(People[0]) + "can you look?";

        Assert.Equal("@Bo Founder can you look?", text);
        Assert.True(Mentions.Names(text, "Bo Founder", "founder.b@portal.local", Names()));
    }

    [Theory]
    [InlineData("@Bo can you look?", true)]
    [InlineData("Thanks @bo.", true)]
    [InlineData("@Bob can you look?", false)]
    [InlineData("@Bolt can you look?", false)]
    [InlineData("Bo can you look?", false)]
    public void A_first_name_alone_counts_when_it_is_the_whole_word_after_the_at_sign(string body, bool mentioned)
    {
        Assert.Equal(mentioned, Mentions.Names(body, "Bo Founder", null, Names()));
    }

    [Fact]
    public void A_first_name_two_people_share_mentions_neither()
    {
        string[] names = ["Bo Founder", "Bo Chen", "Ada Founder"];

        Assert.False(Mentions.Names("@Bo look", "Bo Founder", null, names));
        Assert.False(Mentions.Names("@Bo look", "Bo Chen", null, names));
        Assert.True(Mentions.Names("@Bo Chen look", "Bo Chen", null, names));
    }

    [Fact]
    public void A_chinese_name_is_mentioned_by_the_whole_name_even_inside_a_sentence()
    {
        Assert.True(Mentions.Names("请@张伟看一下", "张伟", null, Names()));
        Assert.False(Mentions.Names("请@张看一下", "张伟", null, Names()));
    }

    private static string[] Names() => [.. People.Select(p => p.DisplayName)];
}
