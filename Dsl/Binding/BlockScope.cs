using System.Collections.Generic;
using System.Linq;

namespace VaeDsl.Dsl.Binding;

/// <summary>A model's own blocks in front of the file's, looked up in place rather than copied for every model of a
/// file with many blocks. The binder refuses a model block named like a file block, so the two never share a name;
/// the binder keeps block syntax here, the editor outline block symbols.</summary>
internal sealed class BlockScope<T>(IReadOnlyDictionary<string, T> own, IReadOnlyDictionary<string, T> file) : IReadOnlyDictionary<string, T>
{
    public T this[string key] => TryGetValue(key, out var block) ? block : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => own.Keys.Concat(file.Keys);

    public IEnumerable<T> Values => own.Values.Concat(file.Values);

    public int Count => own.Count + file.Count;

    public bool ContainsKey(string key) => own.ContainsKey(key) || file.ContainsKey(key);

    public bool TryGetValue(string key, out T value) => own.TryGetValue(key, out value!) || file.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => own.Concat(file).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
