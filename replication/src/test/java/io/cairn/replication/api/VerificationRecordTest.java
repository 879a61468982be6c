package io.cairn.replication.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cairn.chain.api.HashAlgorithm;
import io.cairn.chain.api.Identity;
import io.cairn.chain.api.ReadParameters;
import io.cairn.chain.api.SignedVerdict;
import io.cairn.chain.api.VerdictCode;
import io.cairn.chain.api.VerificationRequest;
import io.cairn.common.CorruptionException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationRecordTest {
  @Test
  void roundTripsAndDetectsDamage() {
    Identity requester = Identity.generate();
    byte[] target = {1, 2, 3};
    VerificationRequest request = VerificationRequest.sign(requester, 5, HashAlgorithm.SHA_256, target,
        ReadParameters.of("cairn:x", HashAlgorithm.SHA_256.hash(target).bytes()));
    List<SignedVerdict> verdicts = List.of(
        SignedVerdict.sign(Identity.generate(), request.hash(), VerdictCode.VERIFIED, 1, "ok"),
        SignedVerdict.sign(Identity.generate(), request.hash(), VerdictCode.TAMPERED_DATA, 2, "no"));
    VerificationRecord record = new VerificationRecord(request, verdicts);
    byte[] bytes = record.encode();
    VerificationRecord decoded = VerificationRecord.decode(bytes);
    assertThat(decoded.request().hash()).isEqualTo(request.hash());
    assertThat(decoded.verdicts()).extracting(SignedVerdict::passed).containsExactly(true, false);
    assertThat(decoded.encode()).isEqualTo(bytes);
    bytes[bytes.length / 2] ^= 1;
    assertThatThrownBy(() -> VerificationRecord.decode(bytes)).isInstanceOf(CorruptionException.class);
  }

  @FuzzTest(maxDuration = "10s")
  void decoderAcceptsOnlyCanonicalRecords(byte[] input) {
    VerificationRecord record;
    try {
      record = VerificationRecord.decode(input);
    } catch (CorruptionException refused) {
      return;
    }
    assertThat(record.encode()).isEqualTo(input);
  }
}
