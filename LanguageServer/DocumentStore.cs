using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using VaeDsl.Dsl.Navigation;

namespace VaeDsl.LanguageServer;

/// <summary>An open document: the client's version and the front end's analysis of that text.</summary>
public sealed record OpenDocument(string Uri, int Version, VaeDocument Analysis);

/// <summary>The documents the client has open, each analysed once per version.</summary>
public sealed class DocumentStore
{
    private readonly ConcurrentDictionary<string, OpenDocument> documents = new(StringComparer.Ordinal);

    /// <summary>Analyses and keeps <paramref name="text"/>, unless a newer version is already kept.</summary>
    public OpenDocument Update(string uri, int version, string text)
    {
        var analysed = new OpenDocument(uri, version, VaeDocument.Analyze(PathOf(uri), text));
        return documents.AddOrUpdate(uri, analysed, (_, kept) => kept.Version > version ? kept : analysed);
    }

    public OpenDocument? Get(string uri) => documents.TryGetValue(uri, out var document) ? document : null;

    /// <summary>Every open document, in no particular order.</summary>
    public IReadOnlyList<OpenDocument> All => documents.Values.ToList();

    public void Close(string uri) => documents.TryRemove(uri, out _);

    /// <summary>The file path the build would name (a file URI's local path; other URIs as they are).</summary>
    public static string PathOf(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;
}
