namespace Providers.Host.Server;

/// <summary>Conversation states of recent responses, by response id, in memory and bounded (least recently used go first).</summary>
/// <remarks>
/// A response holds the provider's own state (for a stateful upstream such as Ai2, the parent
/// message id), so <c>previous_response_id</c> continues the upstream thread instead of resending
/// the history. Bounded because every response would otherwise be kept for the server's lifetime;
/// a client that continues an evicted response gets a clear 400.
/// </remarks>
internal sealed class ResponseStore(int capacity = ResponseStore.DefaultCapacity)
{
    public const int DefaultCapacity = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<StoredResponse>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<StoredResponse> _recent = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    public void Add(StoredResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        lock (_gate)
        {
            if (_byId.Remove(response.Id, out var existing))
            {
                _recent.Remove(existing);
            }

            _byId[response.Id] = _recent.AddFirst(response);
            while (_byId.Count > capacity)
            {
                _byId.Remove(_recent.Last!.Value.Id);
                _recent.RemoveLast();
            }
        }
    }

    public StoredResponse? Find(string id)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var node))
            {
                return null;
            }

            _recent.Remove(node);
            _recent.AddFirst(node);
            return node.Value;
        }
    }
}
