from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from gongkai.commands import GongkaiCommand
from gongkai.errors import UserError


class Command(GongkaiCommand):
    help = "显示（或重新生成）账号的 API 令牌：/api/ 各接口以 Authorization: Token <令牌> 访问"

    def add_arguments(self, parser):
        parser.add_argument("username", help="账号")
        parser.add_argument("--reset", action="store_true", help="作废旧令牌并生成新令牌")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise UserError(f"账号「{options['username']}」不存在")
        if options["reset"]:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
