using System.Text.Json;

namespace Leaderboards.Engine.Boards.Internal;

/// <summary>Checks everything about a submission that does not depend on stored state, so that applying it cannot fail.</summary>
internal static class SubmissionValidator
{
    public const int MaxMetadataBytes = 1024;

    public static void Validate(BoardOptions options, ScoreSubmission submission)
    {
        PlayerIds.Validate(submission.PlayerId);
        if (options.MinScore is { } min && submission.Score < min)
            throw new LeaderboardValidationException("score", $"score must be at least {min} on this board.");
        if (options.MaxScore is { } max && submission.Score > max)
            throw new LeaderboardValidationException("score", $"score must be at most {max} on this board.");
        if (submission.Metadata is { } metadata)
            ValidateMetadata(metadata);
    }

    public static void ValidateMetadata(byte[] metadata)
    {
        if (metadata.Length > MaxMetadataBytes)
            throw new LeaderboardValidationException("metadata", $"metadata must be at most {MaxMetadataBytes} bytes of JSON.");
        try
        {
            var reader = new Utf8JsonReader(metadata);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new LeaderboardValidationException("metadata", "metadata must be a JSON object.");
            reader.Skip();
            if (reader.Read())
                throw new LeaderboardValidationException("metadata", "metadata must be a single JSON object.");
        }
        catch (JsonException)
        {
            throw new LeaderboardValidationException("metadata", "metadata must be well-formed JSON.");
        }
    }
}
