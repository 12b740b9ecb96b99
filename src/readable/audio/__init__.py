"""MP3 frames, ID3 tags and WebVTT cues for the article's audio."""
