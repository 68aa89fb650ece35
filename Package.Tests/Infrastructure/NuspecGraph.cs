using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace VaeDsl.Package.Tests.Infrastructure;

/// <summary>
/// The package dependency graph as the nuspec files describe it, read from the packed feed and the machine's
/// packages folder without restoring anything: a way to check a graph whose packages are not served here.
/// </summary>
internal sealed class NuspecGraph(PackedFeed feed)
{
    /// <summary>
    /// The lower-cased ids reachable from <paramref name="roots"/>, following every dependency group of every nuspec
    /// found (more than any one target framework restores). A package found nowhere ends its path.
    /// </summary>
    public HashSet<string> Closure(IEnumerable<(string Id, string Version)> roots)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Id, string Version)>(roots.Select(r => (r.Id.ToLowerInvariant(), r.Version)));
        while (pending.TryPop(out var package))
        {
            if (!reached.Add(package.Id)) continue;
            var nuspec = Find(package.Id, package.Version);
            if (nuspec is null) continue;
            foreach (var dependency in nuspec.Descendants().Where(e => e.Name.LocalName == "dependency"))
            {
                pending.Push((((string?)dependency.Attribute("id") ?? "").ToLowerInvariant(), LowerBound((string?)dependency.Attribute("version") ?? "")));
            }
        }
        return reached;
    }

    // "[1.2.3, )" or "1.2.3" -> "1.2.3".
    private static string LowerBound(string range) => range.Trim('[', '(', ' ').Split(',')[0].Trim();

    private XDocument? Find(string id, string version)
    {
        var packed = Path.Combine(feed.FeedDirectory, $"{id}.{version}.nupkg");
        var nupkg = Directory.EnumerateFiles(feed.FeedDirectory, "*.nupkg")
            .FirstOrDefault(f => string.Equals(Path.GetFileName(f), Path.GetFileName(packed), StringComparison.OrdinalIgnoreCase));
        if (nupkg is not null)
        {
            using var archive = ZipFile.OpenRead(nupkg);
            var entry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) && !e.FullName.Contains('/'));
            using var stream = entry.Open();
            return XDocument.Load(stream);
        }
        foreach (var folder in new[] { Path.Combine(feed.Root, "packages"), feed.MachinePackagesFolder })
        {
            var versions = Path.Combine(folder, id);
            if (!Directory.Exists(versions)) continue;
            // The exact version if it is there, else any: the dependencies of nearby versions are what is asked here.
            var chosen = Directory.Exists(Path.Combine(versions, version.ToLowerInvariant()))
                ? Path.Combine(versions, version.ToLowerInvariant())
                : Directory.GetDirectories(versions).FirstOrDefault();
            var file = chosen is null ? null : Path.Combine(chosen, $"{id}.nuspec");
            if (file is not null && File.Exists(file)) return XDocument.Load(file);
        }
        return null;
    }
}
