package io.cairn.consortium;

import io.cairn.chain.api.MemberKey;
import io.cairn.common.CorruptionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HQ node's record pool (seed 004 §4.2, uploading data collection): it opens each sealed
 * upload, checks the sender's admission, the binding of sender and HQ, the enterprise's signature
 * and the sequence number, keeps the valid records and refuses the rest with a {@link Receipt}
 * saying why. {@link #drain} hands the records collected so far to the period's data set.
 *
 * <p>Thread-safety: {@link #accept} may run from many threads at once (the checks run outside any
 * lock; the sequence check and the insertion are atomic per enterprise). Callers spread uploads
 * over threads: the enterprise's signature check, the one per record, is the main cost.
 */
public final class RecordPool {
  private final int hq;
  private final X25519Key key;
  private final AdmissionRegistry registry;
  private final Map<MemberKey, Long> lastSequence = new ConcurrentHashMap<>();
  private final Object poolLock = new Object();
  private final SessionKeys sessions;
  private final java.util.function.Consumer<StateUpload> keeper;
  private List<StateUpload> records = new ArrayList<>();

  public RecordPool(int hq, X25519Key key, AdmissionRegistry registry) {
    this(hq, key, registry, record -> { });
  }

  /** A pool that hands every accepted record to {@code keeper} (a store) before it answers. */
  public RecordPool(int hq, X25519Key key, AdmissionRegistry registry,
      java.util.function.Consumer<StateUpload> keeper) {
    this.keeper = keeper;
    this.hq = hq;
    this.key = key;
    this.registry = registry;
    this.sessions = new SessionKeys(key);
  }

  /**
   * Checks one encoded {@link UploadEnvelope} or {@link SessionEnvelope}; an accepted record is in
   * the pool when this returns.
   */
  public Receipt accept(byte[] envelopeBytes) {
    try {
      return envelopeBytes != null && Wire.magicOf(envelopeBytes) == Wire.SESSION_ENVELOPE
          ? accept(SessionEnvelope.decode(envelopeBytes)) : accept(UploadEnvelope.decode(envelopeBytes));
    } catch (CorruptionException | io.cairn.common.InvalidArgumentException e) {
      return new Receipt(UploadVerdict.MALFORMED, e.getMessage());
    }
  }

  /** Checks one envelope of a session (one X25519 agreement per session, AES-GCM per upload). */
  public Receipt accept(SessionEnvelope envelope) {
    if (envelope.hq() != hq) {
      return refuse(UploadVerdict.WRONG_HQ, "the envelope is for hq " + envelope.hq() + ", this is hq " + hq);
    }
    Receipt admission = admission(envelope.sender());
    if (admission != null) {
      return admission;
    }
    SessionKeys.Opened opened = sessions.open(envelope);
    if (opened.replay()) {
      return refuse(UploadVerdict.REPLAY, "counter " + envelope.counter() + " of the session is not above the last"
          + " one opened");
    }
    if (opened.plaintext() == null) {
      return refuse(UploadVerdict.UNDECRYPTABLE, "the ciphertext does not authenticate for hq " + hq);
    }
    return acceptOpened(envelope.sender(), opened.plaintext());
  }

  /** Checks one envelope; see {@link #accept(byte[])}. */
  public Receipt accept(UploadEnvelope envelope) {
    MemberKey sender = envelope.sender();
    if (envelope.hq() != hq) {
      return refuse(UploadVerdict.WRONG_HQ, "the envelope is for hq " + envelope.hq() + ", this is hq " + hq);
    }
    Receipt admission = admission(sender);
    if (admission != null) {
      return admission;
    }
    byte[] plaintext = UploadCipher.open(envelope, key);
    if (plaintext == null) {
      return refuse(UploadVerdict.UNDECRYPTABLE, "the ciphertext does not authenticate for hq " + hq);
    }
    return acceptOpened(sender, plaintext);
  }

  /** The checks after opening: the upload's sender, HQ and signature (the one check of it), and its sequence. */
  private Receipt acceptOpened(MemberKey sender, byte[] plaintext) {
    StateUpload upload;
    try {
      upload = StateUpload.decode(plaintext);
    } catch (CorruptionException | io.cairn.common.InvalidArgumentException e) {
      return refuse(UploadVerdict.MALFORMED, e.getMessage());
    }
    if (!upload.enterprise().equals(sender)) {
      return refuse(UploadVerdict.IMPERSONATION, "sender " + sender.shortHex() + " sealed a record of "
          + upload.enterprise().shortHex());
    }
    if (upload.hq() != hq) {
      return refuse(UploadVerdict.WRONG_HQ, "the record is for hq " + upload.hq() + ", this is hq " + hq);
    }
    // Checked under the certificate's key object: decoded once per enterprise, not once per upload.
    EnterpriseCertificate certificate = registry.certificate(sender);
    if (!(certificate != null ? upload.signedBy(certificate.enterprise()) : upload.signatureValid())) {
      return refuse(UploadVerdict.BAD_SIGNATURE, "the signature of " + upload + " does not verify under its key");
    }
    return admitSequence(upload);
  }

  private Receipt admission(MemberKey sender) {
    switch (registry.status(sender)) {
      case UNKNOWN -> {
        return refuse(UploadVerdict.NOT_ADMITTED, sender.shortHex() + " has no certificate from the regulator");
      }
      case REVOKED -> {
        return refuse(UploadVerdict.REVOKED, "the regulator revoked " + sender.shortHex());
      }
      default -> {
        int home = registry.certificate(sender).homeHq();
        return home == hq ? null
            : refuse(UploadVerdict.WRONG_HQ, sender.shortHex() + "'s local hq is " + home + ", not " + hq);
      }
    }
  }

  private Receipt admitSequence(StateUpload upload) {
    boolean[] fresh = {false};
    lastSequence.compute(upload.enterprise(), (enterprise, last) -> {
      if (last != null && upload.sequence() <= last) {
        return last;
      }
      fresh[0] = true;
      synchronized (poolLock) {
        records.add(upload);
      }
      return upload.sequence();
    });
    if (!fresh[0]) {
      return refuse(UploadVerdict.REPLAY, "sequence " + upload.sequence() + " of " + upload.enterprise().shortHex()
          + " is not above the last accepted " + lastSequence.get(upload.enterprise()));
    }
    keeper.accept(upload);
    return Receipt.ACCEPTED;
  }

  /**
   * Puts back, after a restart, the last sequences on chain ({@code committed}: replays of committed
   * records stay refused) and the records accepted but not yet on chain (from the store).
   */
  public void restore(Map<MemberKey, Long> committed, List<StateUpload> kept) {
    committed.forEach((enterprise, sequence) -> lastSequence.merge(enterprise, sequence, Math::max));
    synchronized (poolLock) {
      for (StateUpload record : kept) {
        lastSequence.merge(record.enterprise(), record.sequence(), Math::max);
        records.add(record);
      }
    }
  }

  private static Receipt refuse(UploadVerdict verdict, String detail) {
    return new Receipt(verdict, detail);
  }

  /** Takes every record collected since the last drain, in the canonical order. */
  public List<StateUpload> drain() {
    List<StateUpload> taken;
    synchronized (poolLock) {
      taken = records;
      records = new ArrayList<>();
    }
    taken.sort(StateUpload.ORDER);
    return taken;
  }

  /** Records waiting for the next data set. */
  public int size() {
    synchronized (poolLock) {
      return records.size();
    }
  }

  public int hq() {
    return hq;
  }
}
