import { Navigator, View } from '@tarojs/components';

/** Debug host page: opens the plugin's chat page, and shows the plugin's component inline. */
export default function Index(): JSX.Element {
  return (
    <View>
      <Navigator url='plugin://kefu/chat'>打开客服页面</Navigator>
      <kefu-chat />
    </View>
  );
}
