"""What an import found and did, in words an operator can act on."""

from dataclasses import dataclass, field

from layers.services.boundaries import BoundaryFollowUp


@dataclass
class Finding:
    feature: int  # 1-based position in the file, as shown in QGIS' attribute table order
    code: str
    message: str

    def __str__(self):
        where = f"要素 #{self.feature}" + (f" (code {self.code})" if self.code else "")
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    layer: str
    path: str
    features: int = 0
    encoding: str | None = None
    encoding_source: str = ""
    source_crs: str = ""
    refused: list[Finding] = field(default_factory=list)
    repairs: list[Finding] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing_from_file: list[str] = field(default_factory=list)
    committed: bool = False
    cases: BoundaryFollowUp | None = None  # what the committed change did to the cases

    @property
    def ok(self) -> bool:
        return not self.refused

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.updated)

    def lines(self) -> list[str]:
        out = [
            f"文件 (file): {self.path}",
            f"图层 (layer): {self.layer}; 要素 (features): {self.features}; 坐标系 (CRS): {self.source_crs}",
        ]
        if self.encoding_source != "format":
            out.append(
                f"编码 (encoding): {self.encoding} (由 {self.encoding_source} 确定 / from {self.encoding_source})"
            )
        out.append(
            f"新增 (create): {len(self.created)}; 更新 (update): {len(self.updated)}; "
            f"不变 (unchanged): {len(self.unchanged)}; 拒绝 (refused): {len(self.refused)}; "
            f"修复 (repaired): {len(self.repairs)}"
        )
        out += [f"  修复 (repaired) {r}" for r in self.repairs]
        out += [f"  拒绝 (refused) {r}" for r in self.refused]
        if self.updated:
            out.append("  将更新 (updates): " + ", ".join(self.updated[:50]) + (" …" if len(self.updated) > 50 else ""))
        if self.missing_from_file:
            out.append(
                f"  数据库中有而文件中没有 (in the database, not in the file; kept): {len(self.missing_from_file)}"
            )
        if self.committed:
            out.append("已提交 (committed).")
            if self.cases is not None:
                out.append(
                    f"诉求按新边界重新归属 (cases re-assigned to the new boundaries): {self.cases.reassigned}; "
                    f"其中未派单的重新派单 (of them re-routed, not yet dispatched): {self.cases.rerouted}"
                )
        elif self.refused:
            out.append("有要素被拒绝，未写入任何数据 (features were refused: nothing was written).")
        else:
            out.append("试运行，未写入 (dry run: nothing written; add --commit to write).")
            if self.changes:
                out.append(
                    "提交后诉求将按新边界重新归属，未派单的重新派单 "
                    "(on commit, cases are re-assigned to the new boundaries; those not yet dispatched, re-routed)."
                )
        return out
