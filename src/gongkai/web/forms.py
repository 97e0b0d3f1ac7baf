from django import forms

from gongkai.adapters.limits import max_upload_bytes

PERIOD_KINDS = (("year", "全年"), ("quarter", "季度"), ("month", "月份"), ("range", "自定义日期"))


class PeriodForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="期间", choices=PERIOD_KINDS, initial="year")
    quarter = forms.IntegerField(label="季度", min_value=1, max_value=4, required=False)
    month = forms.IntegerField(label="月份", min_value=1, max_value=12, required=False)
    date_from = forms.DateField(label="起", required=False)
    date_to = forms.DateField(label="止", required=False)
    group = forms.ChoiceField(label="分组", required=False)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "全部")] + [(g, g) for g in groups]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == "quarter" and not data.get("quarter"):
            self.add_error("quarter", "请选择季度")
        if kind == "month" and not data.get("month"):
            self.add_error("month", "请选择月份")
        if kind == "range":
            if not (data.get("date_from") and data.get("date_to")):
                self.add_error("date_from", "请填写起止日期")
            elif data["date_to"] < data["date_from"]:
                self.add_error("date_to", "结束日期早于开始日期")
        return data


class UploadForm(forms.Form):
    file = forms.FileField(label="文件（CSV 或 XLSX）")
    sheet = forms.CharField(label="工作表（可选，默认第一个）", required=False, max_length=128)
    strict = forms.BooleanField(label="严格模式：有问题行则全部不导入", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件过大（{upload.size / 1048576:,.1f} MB），上限 {limit // 1048576} MB"
                "（GONGKAI_MAX_UPLOAD_MB）"
            )
        return upload

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if "\x00" in sheet:
            raise forms.ValidationError("工作表名称不能含有空字符")
        return sheet


class PublicationSearchForm(forms.Form):
    """信息检索: a period (at most a year), and optionally a unit, a category and title words."""

    date_from = forms.DateField(label="起", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="止", widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.ChoiceField(label="类别", required=False)
    q = forms.CharField(label="标题包含", max_length=100, required=False)
    # The unit filter is drawn by the page (listing.unit_options): a province has 5,000 units.

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "全部"), *categories]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                raise forms.ValidationError("止日期不能早于起日期")
            if (end - start).days > 366:
                raise forms.ValidationError("一次最多检索一年的信息，请缩短期间")
        return data
