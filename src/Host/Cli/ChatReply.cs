using System.Text;
using Providers.Abstractions;
using Providers.Host.Routing;

namespace Providers.Host.Cli;

/// <summary>What a streamed reply amounted to: its text and the items that describe it.</summary>
internal sealed class ChatReply
{
    private readonly StringBuilder _text = new();

    /// <summary>The whole reply, byte for byte as streamed.</summary>
    public string Text => _text.ToString();

    /// <summary>The provider and model the router chose; null when no route was reported.</summary>
    public RouteSelected? Route { get; private set; }

    /// <summary>The provider's state for continuing the conversation, when it keeps one.</summary>
    public ConversationState? Conversation { get; private set; }

    /// <summary>Null when the stream ended without one, i.e. the reply is not complete.</summary>
    public FinishItem? Finish { get; private set; }

    public UsageItem? Usage { get; private set; }

    public void Observe(ResponseItem item)
    {
        switch (item)
        {
            case TextDelta delta:
                _text.Append(delta.Text);
                break;
            case ConversationUpdate update:
                Conversation = update.Conversation;
                break;
            case RouteSelected selected:
                Route = selected;
                break;
            case UsageItem usage:
                Usage = usage;
                break;
            case FinishItem finish:
                Finish = finish;
                break;
        }
    }
}
