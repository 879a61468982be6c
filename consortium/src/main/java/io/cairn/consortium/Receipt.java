package io.cairn.consortium;

/** An HQ node's answer to one upload: the verdict and, for a refusal, why in a sentence. */
public record Receipt(UploadVerdict verdict, String detail) {
  static final Receipt ACCEPTED = new Receipt(UploadVerdict.ACCEPTED, "kept in the record pool");

  public boolean accepted() {
    return verdict == UploadVerdict.ACCEPTED;
  }
}
