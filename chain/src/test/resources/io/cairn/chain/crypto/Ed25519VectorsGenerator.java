// Writes ed25519_cairn_test.json (beside this file) from the JDK alone:
//   java Ed25519VectorsGenerator.java > ed25519_cairn_test.json
// Not compiled with the tests: it documents how the vectors were made. The signing key is RFC 8032
// §7.1 TEST 1; Ed25519 signatures are deterministic, so the output is the same on every run.
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

public class Ed25519VectorsGenerator {
  static final HexFormat HEX = HexFormat.of();
  static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  static final String PK = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
  static final String IDENTITY = "0100000000000000000000000000000000000000000000000000000000000000";
  static int id = 0;

  record Test(int tcId, String comment, String msg, String sig, String result, List<String> flags) {}

  public static void main(String[] args) throws Exception {
    byte[] der = HEX.parseHex("302e020100300506032b657004220420" + SEED);
    PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    StringBuilder out = new StringBuilder();
    out.append("{\n  \"algorithm\": \"EDDSA\",\n  \"generatorVersion\": \"cairn-1\",\n");
    out.append("  \"header\": [\"Ed25519 verification cases in the layout of Wycheproof's eddsa_test.json,\",");
    out.append(" \"made for Cairn by Ed25519VectorsGenerator.java (not taken from Wycheproof).\"],\n");
    out.append("  \"notes\": {\n");
    out.append("    \"Valid\": \"a signature by the RFC 8032 TEST 1 key\",\n");
    out.append("    \"ModifiedSignature\": \"a bit of R or S flipped, or the message changed\",\n");
    out.append("    \"NonCanonicalS\": \"S replaced by S + L or with high bits set: S >= L must be refused\",\n");
    out.append("    \"NonCanonicalR\": \"R is not a canonical point encoding\",\n");
    out.append("    \"SignatureLength\": \"the signature is not 64 bytes\",\n");
    out.append("    \"SmallOrderPublicKey\": \"the public key is one of the eight points of small order\",\n");
    out.append("    \"NonCanonicalPublicKey\": \"the public key's y is not below 2^255-19, or x = 0 with its sign bit set\",\n");
    out.append("    \"InvalidPublicKey\": \"the public key is not a curve point\",\n");
    out.append("    \"PublicKeyLength\": \"the public key is not 32 bytes\",\n");
    out.append("    \"AllZeroPublicKey\": \"the all-zero public key (a point of order 4)\"\n  },\n");
    List<String> groups = new ArrayList<>();

    List<Test> good = new ArrayList<>();
    String s0 = sign(key, "");
    good.add(test("RFC 8032 TEST 1", "", s0, "valid", "Valid"));
    for (String msg : List.of("78", "54657374", "cairn.transaction.v1".chars().collect(StringBuilder::new,
        (b, c) -> b.append(String.format("%02x", c)), StringBuilder::append).toString() + "00ff")) {
      good.add(test("message " + msg, msg, sign(key, msg), "valid", "Valid"));
    }
    String s1 = sign(key, "78");
    good.add(test("message changed", "79", s1, "invalid", "ModifiedSignature"));
    good.add(test("R bit 0 flipped", "78", flip(s1, 0), "invalid", "ModifiedSignature"));
    good.add(test("S bit 0 flipped", "78", flip(s1, 256), "invalid", "ModifiedSignature"));
    good.add(test("S bit 250 flipped", "78", flip(s1, 506), "invalid", "ModifiedSignature"));
    good.add(test("S + L", "78", withS(s1, s(s1).add(L)), "invalid", "NonCanonicalS"));
    good.add(test("S + 2L", "78", withS(s1, s(s1).add(L.shiftLeft(1))), "invalid", "NonCanonicalS"));
    good.add(test("S + L of RFC TEST 1", "", withS(s0, s(s0).add(L)), "invalid", "NonCanonicalS"));
    good.add(test("S with its top bit set", "78", withS(s1, s(s1).setBit(255)), "invalid", "NonCanonicalS"));
    good.add(test("S = L", "78", withS(s1, L), "invalid", "NonCanonicalS"));
    good.add(test("R = y of 2^255-19 (non-canonical)", "78",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f" + s1.substring(64), "invalid", "NonCanonicalR"));
    good.add(test("R = identity, S = 0", "78", IDENTITY + "00".repeat(32), "invalid", "ModifiedSignature"));
    good.add(test("all-zero signature", "78", "00".repeat(64), "invalid", "ModifiedSignature"));
    good.add(test("empty signature", "78", "", "invalid", "SignatureLength"));
    good.add(test("63-byte signature", "78", s1.substring(0, 126), "invalid", "SignatureLength"));
    good.add(test("65-byte signature", "78", s1 + "00", "invalid", "SignatureLength"));
    groups.add(group(PK, good));

    String[][] badKeys = {
      {IDENTITY, "identity (order 1)", "SmallOrderPublicKey"},
      {"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "(0, -1) (order 2)", "SmallOrderPublicKey"},
      {"0000000000000000000000000000000000000000000000000000000000000000", "all-zero key (order 4)", "AllZeroPublicKey"},
      {"0000000000000000000000000000000000000000000000000000000000000080", "order 4, x negative", "SmallOrderPublicKey"},
      {"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", "order 8", "SmallOrderPublicKey"},
      {"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", "order 8, x negative", "SmallOrderPublicKey"},
      {"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", "order 8", "SmallOrderPublicKey"},
      {"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", "order 8, x negative", "SmallOrderPublicKey"},
      {"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "y = p (is y = 0)", "NonCanonicalPublicKey"},
      {"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "y = p + 1 (is the identity)", "NonCanonicalPublicKey"},
      {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "y = 2^255 - 1, sign set", "NonCanonicalPublicKey"},
      {"0100000000000000000000000000000000000000000000000000000000000080", "y = 1, x = 0 with sign set", "NonCanonicalPublicKey"},
      {"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "y = -1, x = 0 with sign set", "NonCanonicalPublicKey"},
      {"0200000000000000000000000000000000000000000000000000000000000000", "y = 2 has no x", "InvalidPublicKey"},
      {"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f70751", "31 bytes", "PublicKeyLength"},
      {PK + "00", "33 bytes", "PublicKeyLength"},
      {"", "empty key", "PublicKeyLength"},
    };
    for (String[] bad : badKeys) {
      List<Test> tests = new ArrayList<>();
      tests.add(test(bad[1] + ": R = identity, S = 0", "78", IDENTITY + "00".repeat(32), "invalid", bad[2]));
      tests.add(test(bad[1] + ": R = the key, S = 0", "78", (bad[0] + "00".repeat(64)).substring(0, 64)
          + "00".repeat(32), "invalid", bad[2]));
      tests.add(test(bad[1] + ": a valid signature by another key", "78", s1, "invalid", bad[2]));
      groups.add(group(bad[0], tests));
    }
    out.append("  \"numberOfTests\": ").append(id).append(",\n  \"testGroups\": [\n");
    out.append(String.join(",\n", groups)).append("\n  ]\n}\n");
    System.out.print(out);
  }

  static String group(String pk, List<Test> tests) {
    StringBuilder b = new StringBuilder("    {\n      \"type\": \"EddsaVerify\",\n      \"key\": {\"curve\": \"edwards25519\", \"pk\": \"")
        .append(pk).append("\"},\n      \"tests\": [\n");
    List<String> lines = new ArrayList<>();
    for (Test t : tests) {
      lines.add("        {\"tcId\": " + t.tcId + ", \"comment\": \"" + t.comment + "\", \"msg\": \"" + t.msg
          + "\", \"sig\": \"" + t.sig + "\", \"result\": \"" + t.result + "\", \"flags\": [\"" + String.join("\", \"", t.flags) + "\"]}");
    }
    return b.append(String.join(",\n", lines)).append("\n      ]\n    }").toString();
  }

  static Test test(String comment, String msg, String sig, String result, String flag) {
    return new Test(++id, comment, msg, sig, result, List.of(flag));
  }

  static String sign(PrivateKey key, String msgHex) throws Exception {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(key);
    s.update(HEX.parseHex(msgHex));
    return HEX.formatHex(s.sign());
  }

  static String flip(String sigHex, int bit) {
    byte[] b = HEX.parseHex(sigHex);
    b[bit / 8] ^= (byte) (1 << (bit % 8));
    return HEX.formatHex(b);
  }

  static BigInteger s(String sigHex) {
    byte[] b = HEX.parseHex(sigHex.substring(64));
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = b[31 - i];
    }
    return new BigInteger(1, be);
  }

  static String withS(String sigHex, BigInteger s) {
    byte[] be = s.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return sigHex.substring(0, 64) + HEX.formatHex(le);
  }
}
