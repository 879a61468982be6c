package io.cairn.consortium;

import io.cairn.chain.merkle.MerkleTree;
import java.util.Arrays;
import java.util.List;

/**
 * Where a state record sits on the consortium chain, with what an evaluator needs to check it
 * without the chain: the record, its audit path to its data set's root, the data set's header and
 * signature, the data set's audit path to the block's root, and the block header. {@link #check}
 * recomputes every step; that the block hash belongs to the chain is checked against a hash the
 * evaluator trusts (a committed block's hash from any honest HQ node).
 */
public record StateProof(StateUpload record, long height, int dataSetIndex, int dataSetCount, int recordIndex,
    int recordCount, List<byte[]> recordPath, byte[] dataSetHeader, List<byte[]> dataSetPath, byte[] blockHeader) {

  /** The hash of the block the proof leads to. */
  public byte[] blockHash() {
    return Wire.sha256(blockHeader);
  }

  /** Null when every step checks out and the block hash is {@code trustedBlockHash}; else the failing step. */
  public String check(byte[] trustedBlockHash) {
    byte[] recordsRoot = MerkleTree.rootFromPath(record.leafHash(), recordIndex, recordCount,
        recordPath.toArray(byte[][]::new));
    // the data set header: magic(4) version(1) hq(2) period(8) root(32) signature(64)
    if (recordsRoot == null || !Arrays.equals(recordsRoot, Arrays.copyOfRange(dataSetHeader, 15, 47))) {
      return "the record's path does not lead to its data set's root";
    }
    if (!record.signatureValid()) {
      return "the enterprise's signature on the record fails";
    }
    byte[] blockRoot = MerkleTree.rootFromPath(MerkleTree.leafHash(dataSetHeader), dataSetIndex, dataSetCount,
        dataSetPath.toArray(byte[][]::new));
    // the block header ends with the 32-byte merkle root
    if (blockRoot == null
        || !Arrays.equals(blockRoot, Arrays.copyOfRange(blockHeader, blockHeader.length - 32, blockHeader.length))) {
      return "the data set's path does not lead to the block's root";
    }
    if (!Arrays.equals(blockHash(), trustedBlockHash)) {
      return "the block header is not the trusted block";
    }
    return null;
  }
}
