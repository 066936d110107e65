import { ScrollView, Text, View } from '@tarojs/components';
import type { Button } from '../chat/card-view';

/** The bot's suggested next questions as tappable chips. */
export function QuickReplies({ chips, onPick }: { chips: Button[]; onPick: (text: string) => void }): JSX.Element | null {
  if (chips.length === 0) return null;
  return (
    <ScrollView className='kefu-chips' scrollX>
      <View className='kefu-chips-row'>
        {chips.map((chip) => (
          <Text key={chip.text} className='kefu-chip' onClick={() => onPick(chip.text)}>
            {chip.label}
          </Text>
        ))}
      </View>
    </ScrollView>
  );
}
