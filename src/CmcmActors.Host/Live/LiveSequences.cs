using System.Globalization;

namespace CmcmActors.Host.Live;

/// <summary>
/// Where the members' push streams stood when a read was made: the header <c>Cmcm-Push-Sequence</c> on the claim lists,
/// e.g. <c>member:M-1=17, member:M-2=4</c> (stream names as the pushes carry them). A page takes it as the number the
/// stream's next push must follow, so a push lost right after the read is noticed at the next one.
/// </summary>
public static class LiveSequences
{
    public const string Header = "Cmcm-Push-Sequence";

    public static void Tell(HttpContext http, IEnumerable<(string MemberId, long Sequence)> members) =>
        http.Response.Headers[Header] = string.Join(", ",
            members.Select(m => LiveGroups.Member(m.MemberId) + "=" + m.Sequence.ToString(CultureInfo.InvariantCulture)));
}
