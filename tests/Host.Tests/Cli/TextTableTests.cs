using Providers.Host.Cli;

namespace Providers.Host.Tests.Cli;

public sealed class TextTableTests
{
    [Fact]
    public void Write_LongLastColumn_WrapsUnderItsColumnWithinTheWidth()
    {
        var table = new TextTable("KEY", "VALUE");
        table.AddRow("a", "one two three four five six");
        using var writer = new StringWriter();

        table.Write(writer, width: 20);

        Assert.Equal("KEY  VALUE\na    one two three four\n     five six\n", writer.ToString());
    }

    [Theory]
    [InlineData("", 10, new[] { "" })]
    [InlineData("a b c", 3, new[] { "a b", "c" })]
    [InlineData("unbreakable-word x", 5, new[] { "unbreakable-word", "x" })]
    public void Wrap_Text_BreaksAtSpaces(string text, int width, string[] expected) =>
        Assert.Equal(expected, TextTable.Wrap(text, width));

    [Fact]
    public void AddRow_WrongCellCount_Throws()
    {
        var table = new TextTable("A", "B");

        Assert.Throws<ArgumentOutOfRangeException>(() => table.AddRow("only one"));
    }
}
