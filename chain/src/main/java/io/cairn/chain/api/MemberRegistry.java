package io.cairn.chain.api;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The consortium's members as admitted by the regulator: an immutable snapshot. A ledger
 * publishes a new snapshot after each admission it applies.
 *
 * <p>Thread-safety: immutable.
 */
public final class MemberRegistry {
  private static final MemberRegistry EMPTY = new MemberRegistry(Map.of());

  private final Map<MemberKey, Admission> admissions;

  private MemberRegistry(Map<MemberKey, Admission> admissions) {
    this.admissions = admissions;
  }

  static MemberRegistry empty() {
    return EMPTY;
  }

  /** This registry plus {@code admission} (replacing any earlier admission of the same key). */
  MemberRegistry with(Admission admission) {
    Map<MemberKey, Admission> next = new HashMap<>(admissions);
    next.put(admission.member(), admission);
    return new MemberRegistry(Collections.unmodifiableMap(next));
  }

  /** The admission of {@code member}, if it is a member. */
  public Optional<Admission> admission(MemberKey member) {
    return Optional.ofNullable(admissions.get(member));
  }

  /** Whether {@code member} is admitted with {@code role}. */
  public boolean has(MemberKey member, Role role) {
    Admission admission = admissions.get(member);
    return admission != null && admission.has(role);
  }

  /** Every admission (unmodifiable, no order). */
  public Collection<Admission> members() {
    return admissions.values();
  }

  /** Number of members. */
  public int size() {
    return admissions.size();
  }
}
